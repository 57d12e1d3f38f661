// planloop CLI entry point.
console.log('planloop: not implemented yet');
process.exitCode = 2;
