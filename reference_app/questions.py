"""The 18 fixed questions of a product-discovery interview, and what comes next."""

from __future__ import annotations

from dataclasses import dataclass

FIXED_QUESTIONS: tuple[str, ...] = (
    "Let's talk about “{title}”. In one sentence, what problem does it solve?",
    "You described it as: “{description}”. Who feels this problem most sharply?",
    "How do those people deal with the problem today?",
    "What does the current workaround cost them, in time or money?",
    "When did they last run into the problem? Walk me through that moment.",
    "What have they tried that did not work, and why?",
    "What would have to be true for them to switch to your solution?",
    "Who decides on buying it, and who else has a say?",
    "How will they first hear about the product?",
    "What is the smallest version that would already be useful?",
    "Which feature would they miss most if you removed it?",
    "What would make them stop using it after a week?",
    "How will you know that the product is working for them?",
    "What are they paying for comparable tools today?",
    "Which competitor or alternative worries you most, and why?",
    "What is the riskiest assumption behind the project?",
    "How could you test that assumption in the next two weeks?",
    "Is there anything about the project we have not covered yet?",
)

FIXED_COUNT = len(FIXED_QUESTIONS)


@dataclass(frozen=True)
class NextQuestion:
    """What the assistant asks next: a fixed question, an AI follow-up, or nothing (done)."""

    kind: str  # "fixed" | "ai"
    index: int  # 1-based within its kind


def fixed_question(index: int, *, title: str, description: str) -> str:
    """Text of fixed question `index` (1..18); Q1 and Q2 are prefilled from the project."""
    return FIXED_QUESTIONS[index - 1].format(title=title, description=description)


def next_question(answered: int, ai_followups: int) -> NextQuestion | None:
    """The question after `answered` answers, or None when the interview is complete."""
    if answered < FIXED_COUNT:
        return NextQuestion("fixed", answered + 1)
    ai_index = answered - FIXED_COUNT + 1
    if ai_index <= ai_followups:
        return NextQuestion("ai", ai_index)
    return None
