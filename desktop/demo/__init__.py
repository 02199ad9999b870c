"""Made-up data that looks real: a demo commune (its people and the words it is made of) for
trying the program, training and screenshots, and a simulated province or nation of communes
reporting through the real sync, for benchmarks and trials."""
