using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Structure;

/// <summary>
/// The library's namespaces form layers: no namespace reaches, through any chain of references (signatures and method
/// bodies, see <see cref="AssemblyReferences"/>), back to itself. docs/architecture.md lists the layers.
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
            string from = NamespaceOf(type);
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var referenced in AssemblyReferences.Of(type))
            {
                if (referenced.Assembly != Library) continue;
                string to = NamespaceOf(referenced);
                if (to != from) edges.Add(to);
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

    [Fact]
    public void The_namespace_graph_has_no_cycle()
    {
        var graph = Graph();
        var cycles = new List<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = FindPath(graph, start, start, []);
            if (path is not null) cycles.Add(string.Join(" → ", path));
        }

        cycles.Should().BeEmpty("a namespace must not depend on itself through others; edges:\n" +
            string.Join("\n", graph.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} → {string.Join(", ", kv.Value)}")));
    }

    [Fact]
    public void The_reference_reader_sees_references_made_only_in_method_bodies()
    {
        // Optimizer<,,>.SaveState calls the state format only in its body: a signature-only reader would miss it.
        AssemblyReferences.Of(typeof(Optimizer<,,>)).Should().Contain(typeof(State.OptimizerStateFormat));
        Graph()["OptimizerLab.Optimizers"].Should().Contain("OptimizerLab.Kernels", "optimizers call kernels only in their bodies");
    }

    private static List<string>? FindPath(Dictionary<string, SortedSet<string>> graph, string at, string target, List<string> path)
    {
        path = [.. path, at];
        foreach (string next in graph.GetValueOrDefault(at) ?? [])
        {
            if (next == target) return [.. path, next];
            if (path.Contains(next)) continue;
            var found = FindPath(graph, next, target, path);
            if (found is not null) return found;
        }

        return null;
    }
}
