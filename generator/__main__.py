"""`python -m generator` is the same command as `sdkgen`."""

from generator.cli import main

main()
