# The two commands of README.md. Each calls a script in bin/ that does all the set-up.
.PHONY: run test
run:
	bin/run
test:
	bin/test
