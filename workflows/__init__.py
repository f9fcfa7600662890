"""Pure state machines of Sabha's documents: states, allowed transitions and who may take them.

No Flask or SQLAlchemy imports here: services consult these rules, and the tests exercise every step.
The memo and meeting workflows arrive with their issues; the organisation area has no lifecycle of its own.
"""
