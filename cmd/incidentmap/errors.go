package main

import "errors"

var (
	// errReported: the command already printed what went wrong (exit 1).
	errReported = errors.New("reported")
	// errUsage: the command line is wrong, and the command said how
	// (exit 2).
	errUsage = errors.New("usage")
	// errHelp: --help was asked and the usage printed (exit 0).
	errHelp = errors.New("help")
)
