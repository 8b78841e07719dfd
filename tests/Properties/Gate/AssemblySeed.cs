// Every FsCheck property of this assembly runs from the committed seed unless OPTIMIZERLAB_EXPLORE is set (docs/testing.md).
[assembly: OptimizerLab.Properties.Gate.SeededProperties]
