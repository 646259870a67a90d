package main

import "errors"

var (
	// errReported: the command already printed what went wrong.
	errReported = errors.New("reported")
	// errUsage: the command line is wrong (exit code 2).
	errUsage = errors.New("bad usage; see incidentmap help")
)
