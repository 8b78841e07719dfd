namespace OptimizerLab.Cli;

/// <summary>A mistake of the user (argument, input file, output folder): reported as one line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with the line to print after "error: ".</summary>
    public UsageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the line to print and the error behind it.</summary>
    public UsageException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception without a message (for serializers; the CLI always gives one).</summary>
    public UsageException() : base("usage error")
    {
    }
}
