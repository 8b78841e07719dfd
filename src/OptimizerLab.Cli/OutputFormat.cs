namespace OptimizerLab.Cli;

/// <summary>What a command prints on stdout.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and sentences for people.</summary>
    Text,

    /// <summary>The summary JSON document, for machines.</summary>
    Json,
}
