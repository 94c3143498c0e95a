"""pandera schemas and cross-sheet checks of the canonical workbook (thidua.validators)."""

from thidua.validators.checks import validate_plan
from thidua.validators.schemas import PhaseSchema, PlanInfoSchema, TaskSchema, UnitSchema

__all__ = ["PhaseSchema", "PlanInfoSchema", "TaskSchema", "UnitSchema", "validate_plan"]
