// @ts-check
// The ourchat web client's entry point: the sign-in form, and the chat once signed in.

import { ChatApp, showView } from "./chat.js";
import { byId } from "./dom.js";
import { errorText } from "./format.js";
import { fetchLocalToken, rememberedUser } from "./session.js";

/** Wire the sign-in form; sign the last user in again if they did not sign out. */
function boot() {
  const app = new ChatApp();
  const form = /** @type {HTMLFormElement} */ (byId("signin-form"));
  const userIdInput = /** @type {HTMLInputElement} */ (byId("signin-user-id"));
  const userNameInput = /** @type {HTMLInputElement} */ (byId("signin-user-name"));
  const errorBox = byId("signin-error");
  const statusBox = byId("signin-status");
  const submit = /** @type {HTMLButtonElement} */ (byId("signin-submit"));

  /**
   * @param {string} userId
   * @param {string} userName "" to keep the name the server has.
   * @param {boolean} byForm the user pressed Sign in (not a reload signing them in again).
   */
  async function signIn(userId, userName, byForm) {
    errorBox.textContent = "";
    statusBox.textContent = "";
    submit.disabled = true;
    try {
      app.start(await fetchLocalToken(userId, userName), userName, byForm);
    } catch (error) {
      errorBox.textContent = errorText(error);
      showView("signin");
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(userIdInput.value.trim(), userNameInput.value.trim(), true);
  });
  const remembered = rememberedUser();
  if (remembered) {
    userIdInput.value = remembered.userId;
    userNameInput.value = remembered.userName;
  }
  if (remembered && remembered.signedIn) signIn(remembered.userId, remembered.userName, false);
  else showView("signin");
}

boot();
