namespace OptimizerLab.Properties.Gate;

/// <summary>Reorders FsCheck's failure report so that its first line is the cause.</summary>
public static class FailureReport
{
    private const string OneLabel = "Label of failing property:";
    private const string ManyLabels = "Labels of failing property (one or more is failing):";

    /// <summary>
    /// The cause (the failing labels, else the first line of the exception the property threw), the replay seed, then
    /// FsCheck's report as it was. A report without either is returned unchanged.
    /// </summary>
    public static string CauseFirst(string report, string? innerExceptionMessage)
    {
        string[] lines = report.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var cause = Labels(lines);
        if (cause.Count == 0 && !string.IsNullOrWhiteSpace(innerExceptionMessage))
            cause.Add(innerExceptionMessage.Trim().Split('\n')[0].TrimEnd('\r'));
        if (cause.Count == 0) return report;

        string? seed = lines.Select(FailingStep).FirstOrDefault(s => s is not null);
        var head = new List<string>(cause);
        if (seed is not null) head.Add($"to keep this case: [SeededProperty(ReplayCase = \"{seed}\")] (docs/testing.md)");
        return string.Join(Environment.NewLine, head) + Environment.NewLine + "----" + Environment.NewLine + report.TrimStart();
    }

    private static List<string> Labels(string[] lines)
    {
        var labels = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith(OneLabel, StringComparison.Ordinal))
            {
                labels.Add(line[OneLabel.Length..].Trim());
            }
            else if (line.StartsWith(ManyLabels, StringComparison.Ordinal))
            {
                for (int j = i + 1; j < lines.Length && lines[j].TrimStart().StartsWith('-'); j++)
                    labels.Add(lines[j].Trim().TrimStart('-').Trim());
            }
        }

        return labels;
    }

    /// <summary>The "(seed,gamma,size)" of the failing step, which FsCheck's <c>Replay</c> runs as one case.</summary>
    private static string? FailingStep(string line)
    {
        if (!line.StartsWith("Replay directly at failing step", StringComparison.Ordinal)) return null;
        int open = line.LastIndexOf('(');
        int close = line.LastIndexOf(')');
        return open >= 0 && close > open ? line[open..(close + 1)] : null;
    }
}
