using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots;

/// <summary>
/// Snapshot maintenance, run from the repository root:
/// <c>dotnet run --project tests/Snapshots -- accept</c> makes every received snapshot the verified one;
/// <c>dotnet run --project tests/Snapshots -- orphans [--delete]</c> lists (or deletes) verified snapshots no case produces.
/// <c>dotnet test</c> does not use this entry point.
/// </summary>
public static class Program
{
    /// <summary>Runs one maintenance command; exit code 0 on success, 2 on a usage error.</summary>
    public static int Main(string[] args)
    {
        var store = SnapshotStore.Default;
        switch (args)
        {
            case ["accept"]:
            {
                var accepted = store.AcceptAll();
                Console.WriteLine(accepted.Count == 0
                    ? $"No received snapshots in {store.Display(store.Directory)}."
                    : $"Accepted {accepted.Count} snapshot(s) in {store.Display(store.Directory)}:");
                foreach (string name in accepted) Console.WriteLine($"  {name}");
                return 0;
            }

            case ["orphans"] or ["orphans", "--delete"]:
            {
                bool delete = args.Length == 2;
                var orphans = store.Orphans(SnapshotCases.All.Select(c => c.Name));
                Console.WriteLine(orphans.Count == 0
                    ? $"Every verified snapshot in {store.Display(store.Directory)} is produced by a case."
                    : $"{orphans.Count} verified snapshot(s) no case produces{(delete ? " (deleted)" : "")}:");
                foreach (string name in orphans)
                {
                    Console.WriteLine($"  {store.Display(store.VerifiedPath(name))}");
                    if (delete) File.Delete(store.VerifiedPath(name));
                }

                return 0;
            }

            default:
                Console.Error.WriteLine("Usage: dotnet run --project tests/Snapshots -- accept | orphans [--delete]");
                return 2;
        }
    }
}
