"""mockloop: a terminal mock-interview agent for Machine Learning Engineer loops."""

__version__ = "0.1.0"
