// The midterm report is built in Celery: poll its progress and reload the page when it is ready.
(function () {
  "use strict";
  const box = document.getElementById("midterm-progress");
  if (!box || ["done", "failed"].includes(box.dataset.stage)) return;
  const poll = () => fetch(box.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(s => {
    const bar = box.querySelector(".progress-bar");
    bar.style.width = s.percent + "%"; bar.textContent = s.percent + "%";
    box.querySelector(".step-label").textContent = s.step;
    if (s.ready || s.stage === "failed") { window.location.reload(); } else { setTimeout(poll, 1500); }
  });
  setTimeout(poll, 1500);
})();
