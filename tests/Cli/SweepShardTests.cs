using OptimizerLab.Lab;
using YamlDotNet.RepresentationModel;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// `sweep --shard i/n` runs a deterministic 1/n of the grid, `sweep merge` joins the shards into what an unsharded sweep
/// writes, byte for byte; the shard index comes from the environment of GitHub Actions, Kubernetes or Slurm; the
/// shipped workflow is parsed and its commands are run as written.
/// </summary>
public class SweepShardTests
{
    private static readonly string[] Grid = ["sweep", "--lr", "1e-2,1e-3", "--seeds", "0..3", "--steps", "300", "--n", "16", "--d-in", "20", "--save-runs"];

    private static readonly string[] Outputs = ["sweep.csv", "sweep-runs.csv", "summary.json", "rebound-vs-lr.png", "rebound-vs-lr.svg"];

    [Fact]
    public void Three_shards_merged_equal_the_unsharded_sweep_byte_for_byte()
    {
        string[] shards = Enumerable.Range(0, 3).Select(i => CliRunner.TempFolder($"shard-{i}")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var shard = CliRunner.Run([.. Grid, "--shard", $"{i}/3", "--out", shards[i]]);
            shard.ExitCode.Should().Be(ExitCodes.Success, shard.Stderr);
            shard.Stdout.Should().BeEmpty("a shard writes no tables; the merge does");
            Directory.GetFiles(Path.Combine(shards[i], ".sweep"), "*.json").Should().HaveCount(i < 2 ? 3 : 2, "8 grid points over 3 shards: g mod 3");
            File.Exists(Path.Combine(shards[i], "summary.json")).Should().BeFalse();
        }

        string merged = CliRunner.TempFolder("shard-merged");
        var merge = CliRunner.Run(["sweep", "merge", shards[2], shards[0], shards[1], "--out", merged]);
        merge.ExitCode.Should().Be(ExitCodes.Success, merge.Stderr);

        string reference = CliRunner.TempFolder("shard-reference");
        var straight = CliRunner.Run([.. Grid, "--out", reference]);
        straight.ExitCode.Should().Be(ExitCodes.Success, straight.Stderr);
        merge.Stdout.Should().Be(straight.Stdout);
        AssertSameOutputs(merged, reference);
    }

    [Fact]
    public void Merge_refuses_a_missing_or_repeated_shard_and_shards_of_another_grid_naming_them()
    {
        string a = CliRunner.TempFolder("merge-a"), b = CliRunner.TempFolder("merge-b"), other = CliRunner.TempFolder("merge-other");
        CliRunner.Run([.. Grid, "--shard", "0/2", "--out", a]).ExitCode.Should().Be(ExitCodes.Success);
        CliRunner.Run([.. Grid, "--shard", "1/2", "--out", b]).ExitCode.Should().Be(ExitCodes.Success);
        CliRunner.Run(["sweep", "--lr", "1e-3", "--steps", "50", "--n", "8", "--d-in", "10", "--shard", "1/2", "--out", other]).ExitCode.Should().Be(ExitCodes.Success);

        var missing = CliRunner.Run("sweep", "merge", a, "--out", CliRunner.TempFolder("merge-out1"));
        missing.ExitCode.Should().Be(ExitCodes.UsageError);
        missing.ErrorLines.Should().ContainSingle(l => l.StartsWith("error: ")).Which.Should().Contain("shard 1/2 missing");

        var twice = CliRunner.Run("sweep", "merge", a, a, "--out", CliRunner.TempFolder("merge-out2"));
        twice.ExitCode.Should().Be(ExitCodes.UsageError);
        twice.Stderr.Should().Contain("shard 0/2 was given twice");

        var mixed = CliRunner.Run("sweep", "merge", a, other, "--out", CliRunner.TempFolder("merge-out3"));
        mixed.ExitCode.Should().Be(ExitCodes.UsageError);
        mixed.Stderr.Should().Contain(Path.Combine(other, SweepShardManifest.FileName)).And.Contain("another sweep");
        mixed.Stderr.Should().NotContain("   at ");

        var bad = CliRunner.Run([.. Grid, "--shard", "3/3", "--out", CliRunner.TempFolder("merge-bad")]);
        bad.ExitCode.Should().Be(ExitCodes.UsageError);
        bad.ErrorLines.Should().ContainSingle(l => l.StartsWith("error: ")).Which.Should().Contain("--shard").And.Contain("0 … 2");
    }

    [Fact]
    public void The_shard_comes_from_GitHub_Actions_Kubernetes_or_Slurm_variables()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
            name => variables.FirstOrDefault(v => v.Name == name).Value;

        SweepShard.FromEnvironment(Env(("OPTIMIZERLAB_SHARD_INDEX", "2"), ("OPTIMIZERLAB_SHARD_COUNT", "5")), null).Should().Be(new SweepShard(2, 5));
        SweepShard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", "1")), count: 3).Should().Be(new SweepShard(1, 3));
        SweepShard.FromEnvironment(Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "4")), null).Should().Be(new SweepShard(0, 4));
        SweepShard.FromEnvironment(Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")), null)
            .Should().Be(new SweepShard(2, 3), "--array=1-3 numbers tasks from 1");

        var noCount = () => SweepShard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", "1")), null);
        noCount.Should().Throw<FormatException>().WithMessage("*--shard-count*");
        var none = () => SweepShard.FromEnvironment(Env(), 3);
        none.Should().Throw<FormatException>().WithMessage("*JOB_COMPLETION_INDEX*SLURM_ARRAY_TASK_ID*");
        var outOfRange = () => SweepShard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", "3")), 3);
        outOfRange.Should().Throw<FormatException>().WithMessage("*0 … 2*");
        var malformed = () => SweepShard.Parse("1-3", "--shard");
        malformed.Should().Throw<FormatException>().WithMessage("--shard '1-3' is not of the form i/n*");
    }

    /// <summary>
    /// Parses .github/workflows/sweep-matrix.yml, checks that its matrix covers shards 0 … n−1 with n the count it sets,
    /// that each shard uploads its hidden .sweep/ folder and the merge job waits for all of them; then runs its shard
    /// and merge commands as written (a small grid for the workflow input) and compares with the unsharded sweep.
    /// </summary>
    [Fact]
    public void The_sweep_matrix_workflow_covers_every_shard_and_its_commands_merge_into_the_unsharded_sweep()
    {
        string path = Path.Combine(RepositoryRoot(), ".github", "workflows", "sweep-matrix.yml");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var jobs = (YamlMappingNode)root["jobs"];
        var shardJob = (YamlMappingNode)jobs["shard"];
        var matrix = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)shardJob["strategy"])["matrix"])["shard"]).Select(n => int.Parse(((YamlScalarNode)n).Value!)).ToArray();
        var env = (YamlMappingNode)shardJob["env"];
        int count = int.Parse(((YamlScalarNode)env["OPTIMIZERLAB_SHARD_COUNT"]).Value!);
        ((YamlScalarNode)env["OPTIMIZERLAB_SHARD_INDEX"]).Value.Should().Be("${{ matrix.shard }}");
        matrix.Should().Equal(Enumerable.Range(0, count), "the matrix runs each shard 0 … n−1 once");

        var shardSteps = ((YamlSequenceNode)shardJob["steps"]).Cast<YamlMappingNode>().ToArray();
        string shardCommand = RunLine(shardSteps, "sweep ");
        var upload = shardSteps.Single(s => s.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) && ((YamlScalarNode)uses).Value!.StartsWith("actions/upload-artifact"));
        ((YamlScalarNode)((YamlMappingNode)upload["with"])["include-hidden-files"]).Value.Should().Be("true", "the kept runs are in .sweep/");

        var mergeJob = (YamlMappingNode)jobs["merge"];
        ((YamlScalarNode)mergeJob["needs"]).Value.Should().Be("shard");
        string mergeCommand = RunLine(((YamlSequenceNode)mergeJob["steps"]).Cast<YamlMappingNode>().ToArray(), "sweep merge");

        // Run them as written, in a scratch folder standing for the runner's workspace.
        string workspace = CliRunner.TempFolder("workflow");
        string input = "--lr 1e-2,1e-3 --seeds 0..2 --steps 200 --n 12 --d-in 16";
        string previousIndex = Environment.GetEnvironmentVariable(SweepShard.IndexVariable) ?? "", previousCount = Environment.GetEnvironmentVariable(SweepShard.CountVariable) ?? "";
        try
        {
            foreach (int shard in matrix)
            {
                Environment.SetEnvironmentVariable(SweepShard.IndexVariable, shard.ToString());
                Environment.SetEnvironmentVariable(SweepShard.CountVariable, count.ToString());
                string command = shardCommand.Replace("${{ inputs.sweep }}", input).Replace("${{ matrix.shard }}", shard.ToString());
                var outcome = CliRunner.Run(Arguments(command, workspace));
                outcome.ExitCode.Should().Be(ExitCodes.Success, $"{command}: {outcome.Stderr}");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(SweepShard.IndexVariable, previousIndex.Length == 0 ? null : previousIndex);
            Environment.SetEnvironmentVariable(SweepShard.CountVariable, previousCount.Length == 0 ? null : previousCount);
        }

        var merge = CliRunner.Run(Arguments(mergeCommand, workspace));
        merge.ExitCode.Should().Be(ExitCodes.Success, merge.Stderr);
        string reference = CliRunner.TempFolder("workflow-reference");
        CliRunner.Run([.. Arguments("sweep " + input, workspace), "--out", reference]).ExitCode.Should().Be(ExitCodes.Success);
        AssertSameOutputs(Path.Combine(workspace, "sweep"), reference);
    }

    /// <summary>The CLI arguments of a workflow run line (from "sweep" on), shell globs expanded and --out made absolute in the workspace.</summary>
    private static string[] Arguments(string command, string workspace)
    {
        var words = command[command.IndexOf("sweep", StringComparison.Ordinal)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var result = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (word.Contains('*', StringComparison.Ordinal))
                result.AddRange(Directory.GetDirectories(workspace, word).Order(StringComparer.Ordinal));
            else if (i > 0 && words[i - 1] == "--out")
                result.Add(Path.Combine(workspace, word));
            else
                result.Add(word);
        }

        return result.ToArray();
    }

    private static string RunLine(YamlMappingNode[] steps, string containing) =>
        steps.Select(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? ((YamlScalarNode)run).Value! : "")
            .Single(r => r.Contains(containing, StringComparison.Ordinal));

    private static void AssertSameOutputs(string folder, string reference)
    {
        string runs = Path.Combine(reference, "runs");
        Directory.Exists(Path.Combine(folder, "runs")).Should().Be(Directory.Exists(runs), "--save-runs carries over to the merge");
        string[] runFiles = Directory.Exists(runs) ? Directory.GetFiles(runs).Select(f => Path.GetFileName(f)).ToArray() : [];
        foreach (string file in Outputs.Concat(runFiles.Select(f => Path.Combine("runs", f))))
        {
            byte[] actual = File.ReadAllBytes(Path.Combine(folder, file)), expected = File.ReadAllBytes(Path.Combine(reference, file));
            if (file.EndsWith(".svg", StringComparison.Ordinal)) (actual, expected) = (RenumberClipPaths(actual), RenumberClipPaths(expected));
            actual.Should().Equal(expected, file);
        }

        Directory.GetFiles(Path.Combine(folder, ".sweep")).Select(Path.GetFileName).Order()
            .Should().Equal(Directory.GetFiles(Path.Combine(reference, ".sweep")).Select(Path.GetFileName).Order(), "the merged folder keeps every run, as the unsharded one does");
    }

    /// <summary>Skia numbers an SVG's clip paths by a counter across the process; only those names may differ.</summary>
    private static byte[] RenumberClipPaths(byte[] svg)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        string text = System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(svg), @"\bcl_[0-9a-f]+\b",
            m => $"clip{(names.TryGetValue(m.Value, out int n) ? n : names[m.Value] = names.Count)}");
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with Directory.Packages.props) is not above the test binaries.");
    }
}
