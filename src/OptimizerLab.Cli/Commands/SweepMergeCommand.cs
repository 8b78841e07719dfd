using System.CommandLine;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Commands;

/// <summary>"sweep merge": the outputs of a whole sweep from the output folders of its shards (sweep --shard i/n).</summary>
internal sealed class SweepMergeCommand() : LabCommand(
    "merge", "Join the output folders of a sweep's shards (sweep --shard i/n) into the outputs of the whole sweep, byte for byte those of an unsharded sweep")
{
    private readonly CommonOptions _common = new(SweepCommand.DefaultOut);
    private readonly Argument<string[]> _folders = new("folders")
    {
        Description = "The output folders of all the shards (each holds " + SweepShardManifest.FileName + " and .sweep/)",
        Arity = ArgumentArity.OneOrMore,
    };

    protected override IEnumerable<Symbol> Symbols => [_folders, .. _common.Options];

    protected override int Execute(ParseResult result, CliContext context)
    {
        var format = _common.GetFormat(result);
        string[] folders = result.GetValue(_folders) ?? [];
        SweepShardManifest.Merged merged;
        try
        {
            merged = SweepShardManifest.Merge(folders.Select(Path.GetFullPath).ToArray());
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"sweep merge: {e.Message}", e);
        }

        var folder = _common.PrepareFolder(result);
        // The merged folder also keeps every run, as an unsharded sweep's does, so --resume and later merges work from it.
        var store = new SweepStore(folder.File(SweepCommand.KeptRunsFolder));
        Directory.CreateDirectory(store.Folder);
        for (int i = 0; i < merged.Points.Count; i++)
        {
            string target = store.PathOf(merged.Points[i].Spec);
            if (!string.Equals(Path.GetFullPath(merged.RunFiles[i]), target, StringComparison.Ordinal)) File.Copy(merged.RunFiles[i], target, overwrite: true);
        }

        context.Log($"Merged {Int(merged.Runs.Count)} runs from {Int(folders.Length)} shards; writing {OutputFolder.Display(folder.Path)}/");
        return SweepCommand.WriteOutputs(context, format, folder, merged.Runs, merged.Points[0].Spec.Steps, merged.SaveRuns);
    }
}
