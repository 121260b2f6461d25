"""Economy: the facilitator's payment rules, demand, costs."""
