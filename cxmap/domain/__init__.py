"""What a journey map is: the frozen dataclasses, the domain words (EN/FR) and the errors.
Imports nothing else from cxmap."""
