// Progressive enhancement for self-check questions. Without this script the
// feedback still shows (CSS reveals it beside the chosen answer); with it, screen
// readers also hear the feedback as soon as an answer is chosen.
(function () {
  document.querySelectorAll('fieldset.question').forEach(function (fieldset) {
    var live = document.createElement('p');
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');
    fieldset.appendChild(live);
    fieldset.addEventListener('change', function (event) {
      var option = event.target.closest('.option');
      var feedback = option && option.querySelector('.feedback');
      live.textContent = feedback ? feedback.textContent : '';
    });
  });
})();
