"""Reading each article like an analyst: sentences, quotes and who said them."""
