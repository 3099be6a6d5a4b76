"""The /ask answer engine: grounded answers with verbatim citations, or an honest abstention."""
from bot.core.answer.engine import Answer, AnswerEngine

__all__ = ["Answer", "AnswerEngine"]
