"""The learned layer of event extraction: labelled sentences the project writes, the features
and weights of a classifier trained on them, and the code that asks it about a candidate."""
