//! HTML read into a tree of elements and texts, the forgiving way.

use html5gum::{Token, Tokenizer};

use crate::search::text::is_void;

/// An element or a text of the body.
pub enum Node {
    Element(Element),
    Text(String),
}

pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// How deep the tree goes.
const MAX_DEPTH: usize = 200;

/// Reads HTML into a tree. Our own HTML is well formed; anything else is read the
/// forgiving way: an end tag with no open element of its name is ignored, and one
/// closes every element opened after its own.
pub fn tree(html: &str) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element {
        name: String::new(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    let mut in_svg = 0usize;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attrs = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(&v.value).into_owned(),
                        )
                    })
                    .collect();
                let element = Element {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                // Past `MAX_DEPTH` elements are read as if they held nothing, so a
                // body nested without end never makes a tree too deep to walk.
                let closed = (tag.self_closing && in_svg > 0)
                    || is_void(&element.name)
                    || stack.len() > MAX_DEPTH;
                if element.name == "svg" && !closed {
                    in_svg += 1;
                }
                if closed {
                    push(&mut stack, Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                let Some(at) = stack.iter().rposition(|e| e.name == name) else {
                    continue;
                };
                if at == 0 {
                    continue;
                }
                while stack.len() > at {
                    let e = stack.pop().expect("deeper than `at`");
                    if e.name == "svg" {
                        in_svg = in_svg.saturating_sub(1);
                    }
                    push(&mut stack, Node::Element(e));
                }
            }
            Token::String(s) => push(&mut stack, Node::Text(String::from_utf8_lossy(&s).into())),
            _ => {}
        }
    }
    while stack.len() > 1 {
        let e = stack.pop().expect("more than the root");
        push(&mut stack, Node::Element(e));
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}
