"use strict";
document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const error = document.getElementById("login-error");
  const res = await fetch("api/login", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({user: form.get("user"), password: form.get("password")}),
  });
  if (res.ok) { location.href = "./"; return; }
  const body = await res.json().catch(() => ({}));
  error.textContent = res.status === 429 ? "Too many wrong passwords. Wait a minute." : (body.error || "Login failed");
  error.dataset.status = res.status;
  error.hidden = false;
});
