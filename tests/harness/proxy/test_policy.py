"""Which statements wait and how long: commits in every spelling, patterns, seeded jitter."""

from __future__ import annotations

import pytest

from harness.proxy.policy import DelayPolicy, is_commit


@pytest.mark.parametrize(
    "sql",
    [
        "COMMIT",
        "commit;",
        "  END",
        "END TRANSACTION",
        "COMMIT AND CHAIN",
        "COMMIT PREPARED 'tx1'",
        "/* app */ -- note\n COMMIT",
        "UPDATE t SET n = 1; COMMIT",
    ],
)
def test_commits_are_recognised(sql):
    assert is_commit(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "ROLLBACK",
        "SELECT 'COMMIT'",
        "UPDATE committed SET n = 1",
        "PREPARE TRANSACTION 'x'",
        "SELECT endpoint FROM t",
        "",
    ],
)
def test_other_statements_are_not_commits(sql):
    assert not is_commit(sql)


def test_statement_delay_adds_to_the_commit_delay_and_follows_the_pattern():
    policy = DelayPolicy(commit_delay=0.5, statement_delay=0.1, statements="(?i)^update")
    assert policy.delayer(1)("COMMIT") == 0.5
    assert policy.delayer(1)("UPDATE t SET n = 1") == 0.1
    assert policy.delayer(1)("SELECT 1") == 0.0
    every = DelayPolicy(commit_delay=0.5, statement_delay=0.1)
    assert every.delayer(1)("COMMIT") == pytest.approx(0.6)
    assert every.delayer(1)("SELECT 1") == 0.1


def test_jitter_is_seeded_per_connection():
    policy = DelayPolicy(commit_delay=0.5, jitter=0.2, seed=7)
    first = [policy.delayer(1)("COMMIT") for _ in range(3)]
    again = policy.delayer(1)
    assert [again("COMMIT") for _ in range(3)] != first  # one generator per connection...
    assert first == [first[0]] * 3  # ...drawn afresh each time it is created
    assert all(0.5 <= d < 0.7 for d in first)
    assert policy.delayer(2)("COMMIT") != policy.delayer(1)("COMMIT")
    other_seed = DelayPolicy(commit_delay=0.5, jitter=0.2, seed=8)
    assert other_seed.delayer(1)("COMMIT") != first[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"commit_delay": -1}, "commit_delay"),
        ({"jitter": float("nan")}, "jitter"),
        ({"statements": "("}, "regular expression"),
    ],
)
def test_bad_settings_are_refused_in_words(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DelayPolicy(**kwargs)
