//! SHA-256 digests as safeguard writes them (the record, the manifest, the build
//! stamp, content-named search pieces): lower-case hexadecimal.

use sha2::{Digest, Sha256};

/// Bytes in lower-case hexadecimal, as digests are written.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// The SHA-256 of the concatenated parts, in hex.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    hex(&h.finalize())
}
