// @ts-check
// The rules of notifications (notifications.js) and the pane navigation (nav.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { paneOfState, parentPane } from "../../src/ourchat/gateway/static/nav.js";
import {
  notificationText,
  shouldNotify,
} from "../../src/ourchat/gateway/static/notifications.js";

test("only others' messages notify, only while the page is hidden, only with permission", () => {
  assert.equal(shouldNotify({ mine: false, hidden: true, permission: "granted" }), true);
  assert.equal(shouldNotify({ mine: true, hidden: true, permission: "granted" }), false);
  assert.equal(shouldNotify({ mine: false, hidden: false, permission: "granted" }), false);
  for (const permission of /** @type {const} */ (["default", "denied", "unsupported"])) {
    assert.equal(shouldNotify({ mine: false, hidden: true, permission }), false);
  }
});

test("a notification names the sender and the place, and quotes the start", () => {
  assert.deepEqual(notificationText("Bob", "Team › Plans", "see you"), {
    title: "Bob in Team › Plans",
    body: "see you",
  });
  const long = "x".repeat(500);
  const { body } = notificationText("Bob", "", long);
  assert.equal(body, `${"x".repeat(140)}…`);
  assert.equal(notificationText("Bob", "", "hi").title, "Bob");
});

test("back leads up one pane; history states name their pane", () => {
  assert.equal(parentPane("messages"), "threads");
  assert.equal(parentPane("threads"), "groups");
  assert.equal(parentPane("groups"), "groups");
  assert.equal(paneOfState({ ourchatPane: "messages" }), "messages");
  assert.equal(paneOfState({ ourchatPane: "elsewhere" }), "groups");
  assert.equal(paneOfState(null), "groups");
});
