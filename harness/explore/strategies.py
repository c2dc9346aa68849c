"""What Hypothesis chooses: the interview flow, the concurrent steps, the scheduler seed, the
load, and the race amplification (a `chaos:` block: COMMITs held in the proxy, or none).

A drawn case is a scenario *document* (the dict a YAML file holds), not a
`Scenario`: the runner gets it through the same loader as any file, and the
regression written for a failure is that very document. Only flows that the
contract accepts are drawn (start first, `answer_all` last, no answer after
completion), so a failure is the backend's, never the draw's.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

Document = dict[str, Any]

MODES = st.sampled_from(["sync", "async"])

STEPS = st.one_of(
    st.builds(lambda mode: {"action": "answer", "mode": mode}, MODES),
    st.builds(
        lambda role: {"action": "message", "role": role, "content": "Note {{ step.number }}"},
        st.sampled_from(["user", "assistant"]),
    ),
    st.builds(
        lambda count, mode: {"action": "burst", "count": count, "mode": mode},
        st.integers(2, 4),
        MODES,
    ),
    st.builds(
        lambda count, mode: {"action": "retry", "count": count, "mode": mode},
        st.integers(2, 3),
        MODES,
    ),
    st.just("read"),
)


#: No amplification first, so a failure shrinks towards a case that needs none. Short holds:
#: an interview commits some forty times, and each COMMIT waits this long.
CHAOS = st.one_of(
    st.none(),
    st.builds(
        lambda delay, jitter: {"commit_delay": delay, "jitter": jitter},
        st.sampled_from([0.02, 0.1]),
        st.sampled_from([0.0, 0.02]),
    ),
)


@st.composite
def scenario_documents(draw: st.DrawFn, *, max_steps: int = 6) -> Document:
    """One interview flow, run by 1..3 copies side by side under a drawn scheduler seed."""
    steps: list[Any] = ["start", *draw(st.lists(STEPS, max_size=max_steps))]
    steps.append(
        {"action": "answer_all", "mode": draw(st.sampled_from(["sync", "async", "mixed"]))}
    )
    chaos = draw(CHAOS)
    return {
        "name": "explored interview flow",
        "interview": {
            "project_title": "Explored interview",
            "project_description": "Drawn by persistguard explore.",
            "ai_followups": draw(st.integers(0, 2)),
        },
        "load": {
            "interviews": draw(st.integers(1, 3)),
            "concurrency": draw(st.integers(1, 6)),
            "seed": draw(st.integers(0, 2**16)),
        },
        **({"chaos": chaos} if chaos is not None else {}),
        "steps": steps,
        "final": {"status": "completed"},
    }
