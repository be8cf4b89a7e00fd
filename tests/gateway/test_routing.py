"""Route selection with `$request.body.action`."""

from __future__ import annotations

import pytest

from ourchat.gateway.routing import action_of, select_route

KEYS = {"$connect", "$disconnect", "$default", "echo", "7", "true"}


@pytest.mark.parametrize(
    ("frame", "action"),
    [
        ('{"action": "echo"}', "echo"),
        ('{"action": 7}', "7"),
        ('{"action": 1.5}', "1.5"),
        ('{"action": true}', "true"),
        ('{"action": false}', "false"),
        ('{"action": ""}', ""),
        ('{"action": null}', None),
        ('{"action": {"name": "echo"}}', None),
        ('{"action": ["echo"]}', None),
        ('{"other": "echo"}', None),
        ('["echo"]', None),
        ('"echo"', None),
        ("42", None),
        ("not json", None),
        ("", None),
        (b'{"action": "echo"}', None),
        pytest.param('{"action": "echo", "n": ' + "9" * 4301 + "}", "echo", id="huge-int-field"),
        pytest.param('{"action": ' + "7" * 5000 + "}", "7" * 5000, id="huge-int-action"),
        pytest.param('{"action": "echo", "x": "\\ud800"}', "echo", id="lone-surrogate"),
    ],
)
def test_action_is_the_json_field_stringified(frame: str | bytes, action: str | None) -> None:
    assert action_of(frame) == action


@pytest.mark.parametrize(
    ("frame", "route"),
    [
        ('{"action": "echo"}', "echo"),
        ('{"action": 7}', "7"),
        ('{"action": true}', "true"),
        ('{"action": "nope"}', "$default"),
        ('{"action": "$connect"}', "$default"),
        ('{"action": "$disconnect"}', "$default"),
        ('{"action": "$default"}', "$default"),
        ("not json", "$default"),
        (b"\x00\x01", "$default"),
    ],
)
def test_frames_without_a_matching_route_go_to_default(frame: str | bytes, route: str) -> None:
    assert select_route(frame, KEYS) == route


def test_no_route_is_selected_when_nothing_matches_and_there_is_no_default() -> None:
    keys = KEYS - {"$default"}

    assert select_route('{"action": "nope"}', keys) is None
    assert select_route("not json", keys) is None
    assert select_route('{"action": "echo"}', keys) == "echo"
