// Autosave the draft every 20 s when something changed; a conflict stops autosaving and says so.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  let dirty = false, stopped = false;
  form.addEventListener("input", () => { dirty = true; });
  function failed(message) {
    dirty = true;  // try again with the next change or tick
    status.textContent = message;
    status.classList.add("text-danger");
  }
  setInterval(async () => {
    if (!dirty || stopped) return;
    dirty = false;
    const data = new FormData(form);
    data.delete("evidence");
    let response, body = {};
    try {
      response = await fetch(window.location.href, {method: "POST", body: data, headers: {"X-Autosave": "1"}, redirect: "manual"});
      if ((response.headers.get("Content-Type") || "").includes("application/json")) body = await response.json();
    } catch (error) {
      return failed("自动保存失败：网络不通，请手动保存。");
    }
    if (response.ok && body.ok) {
      form.querySelector("[name=version]").value = body.version;
      status.textContent = "已自动保存 " + body.saved_at;
      status.classList.remove("text-danger");
    } else if (response.status === 409) {
      stopped = true;
      failed(body.conflict);
    } else if (response.type === "opaqueredirect" || response.status === 403) {
      stopped = true;
      failed("自动保存失败：登录已过期或无权修改，请复制内容后重新登录。");
    } else {
      failed("自动保存失败，请检查填写内容后手动保存。");
    }
  }, 20000);
})();
