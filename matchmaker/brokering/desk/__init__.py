"""The officials' broker desk: the open pairs nobody has introduced yet, proposed many at
once (services.py), and the pipeline board of live introductions (pipeline.py)."""

# matchmaker/wub/ (changed on another branch meanwhile) still reaches the desk's proposing
# as `brokering.desk.<name>`: drop this line once it imports desk.services.
from matchmaker.brokering.desk.services import MAX_PAIRS, ProposalReport, propose  # noqa: F401
