"""Annotate: each article read like an analyst would: sentences, entities, labels, dates, quotes and who said them."""
