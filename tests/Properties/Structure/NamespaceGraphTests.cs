using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Structure;

/// <summary>
/// The library's namespaces form layers (docs/architecture.md): references (signatures and method bodies, see
/// <see cref="AssemblyReferences"/>) go down, never back up: no group of namespaces reaches itself.
/// </summary>
public class NamespaceGraphTests
{
    private static readonly System.Reflection.Assembly Library = typeof(IOptimizer).Assembly;

    /// <summary>Namespace → the library's namespaces its types refer to (itself excluded).</summary>
    internal static Dictionary<string, SortedSet<string>> Graph()
    {
        var graph = new Dictionary<string, SortedSet<string>>();
        foreach (var type in Library.GetTypes())
        {
            // <PrivateImplementationDetails> and the like: compiler-generated, in no namespace.
            if (NamespaceOf(type) is not { Length: > 0 } from) continue;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var referenced in AssemblyReferences.Of(type))
            {
                if (referenced.Assembly != Library) continue;
                string to = NamespaceOf(referenced);
                if (to != from && to.Length > 0) edges.Add(to);
            }
        }

        return graph;
    }

    // A nested or compiler-generated type belongs to the namespace of its outermost declaring type.
    private static string NamespaceOf(Type type)
    {
        while (type.DeclaringType is Type outer) type = outer;
        return type.Namespace ?? "";
    }

    /// <summary>The torch.optim layer and what it stands on; nothing here may reach the lab.</summary>
    private static readonly string[] TorchLayer =
    [
        "OptimizerLab.Optimizers", "OptimizerLab.Schedules", "OptimizerLab.Clipping", "OptimizerLab.State",
        "OptimizerLab.Kernels", "OptimizerLab.Kernels.Lanes", "OptimizerLab.Numerics", "OptimizerLab.Data", "OptimizerLab.Averaging",
    ];

    [Fact]
    public void The_torch_layer_has_no_cycle_and_no_edge_into_the_lab()
    {
        var graph = Graph();
        var cycles = Cycles(graph).Where(group => group.Any(TorchLayer.Contains)).ToArray();
        cycles.Should().BeEmpty($"the torch.optim layer must be acyclic; edges:\n{Show(graph)}");
        var upward = TorchLayer.SelectMany(from => (graph.GetValueOrDefault(from) ?? []).Where(to => !TorchLayer.Contains(to)).Select(to => $"{from} → {to}"));
        upward.Should().BeEmpty("the torch.optim layer must not depend on the lab");
    }

    [Fact]
    public void No_namespace_reaches_itself()
    {
        // The lab's last cycle (Analysis ↔ Lab ↔ Problems) was cut by moving RunRecords and DiagnosticsRow into Analysis and
        // SymmetricEigen into Problems: the records are what analysis reads, and only LeastSquaresProblem uses the eigen solver.
        var graph = Graph();
        Cycles(graph).Select(group => string.Join(", ", group)).Should().BeEmpty($"edges:\n{Show(graph)}");
    }

    [Fact]
    public void A_cycle_is_found_where_there_is_one()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A", "D"], ["D"] = [], ["E"] = ["D"],
        };
        Cycles(graph).Select(group => string.Join(", ", group)).Should().Equal("A, B, C");
    }

    /// <summary>Groups of two or more namespaces that reach each other (strongly connected components), each sorted.</summary>
    internal static IReadOnlyList<string[]> Cycles(Dictionary<string, SortedSet<string>> graph)
    {
        var groups = new List<string[]>();
        var assigned = new HashSet<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (assigned.Contains(start)) continue;
            var from = Reachable(graph, start);
            var group = from.Where(other => Reachable(graph, other).Contains(start)).Order(StringComparer.Ordinal).ToArray();
            foreach (string member in group) assigned.Add(member);
            if (group.Length > 1) groups.Add(group);
        }

        return groups;
    }

    private static HashSet<string> Reachable(Dictionary<string, SortedSet<string>> graph, string start)
    {
        var seen = new HashSet<string> { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out string? at))
        {
            foreach (string next in graph.GetValueOrDefault(at) ?? [])
            {
                if (seen.Add(next)) queue.Enqueue(next);
            }
        }

        return seen;
    }

    private static string Show(Dictionary<string, SortedSet<string>> graph) =>
        string.Join("\n", graph.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} → {string.Join(", ", kv.Value)}"));

    [Fact]
    public void The_reference_reader_sees_references_made_only_in_method_bodies()
    {
        // Optimizer<,,>.SaveState calls the state writer only in its body: a signature-only reader would miss it.
        AssemblyReferences.Of(typeof(Optimizer<,,>)).Should().Contain(typeof(Optimizer<,,>).Assembly.GetType("OptimizerLab.Optimizers.OptimizerStateJson", throwOnError: true)!);
        Graph()["OptimizerLab.Optimizers"].Should().Contain("OptimizerLab.Kernels", "optimizers call kernels only in their bodies");
    }
}
