using System.Reflection;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Structure;

/// <summary>
/// The library's public API, listed one member a line in <c>src/OptimizerLab/PublicAPI.txt</c>, is exactly what the
/// assembly exposes: a change to the public surface changes that file, so it shows in review. After a deliberate change,
/// regenerate it with <c>OPTIMIZERLAB_ACCEPT_API=1 dotnet test tests/Properties --filter PublicApiTests</c>.
/// </summary>
public class PublicApiTests
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static string ApiFile => typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PublicApiFile").Value!;

    /// <summary>Every public type and its public and protected members, one a line, sorted.</summary>
    internal static IReadOnlyList<string> Listing(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(type => Members(type).Prepend($"{Kind(type)} {Name(type)}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void The_public_API_is_the_committed_listing()
    {
        var actual = Listing(typeof(IOptimizer).Assembly);
        if (Environment.GetEnvironmentVariable("OPTIMIZERLAB_ACCEPT_API") == "1")
            File.WriteAllText(ApiFile, string.Join("\n", actual) + "\n");
        File.Exists(ApiFile).Should().BeTrue($"{ApiFile} lists the public API; create it with OPTIMIZERLAB_ACCEPT_API=1");
        var committed = File.ReadAllLines(ApiFile).Where(line => line.Length > 0).ToArray();
        committed.Except(actual).Should().BeEmpty("these lines are in PublicAPI.txt but no longer public (regenerate it if that is deliberate)");
        actual.Except(committed).Should().BeEmpty("these are public but not in PublicAPI.txt (regenerate it if that is deliberate)");
    }

    [Fact]
    public void The_listing_names_members_with_their_signatures_and_leaves_internals_out()
    {
        var listing = Listing(typeof(IOptimizer).Assembly);
        listing.Should().Contain("class OptimizerLab.Optimizers.OptimizerCatalog");
        listing.Should().Contain(line => line.StartsWith("OptimizerLab.Optimizers.OptimizerCatalog.Options(System.String, ", StringComparison.Ordinal));
        listing.Should().NotContain(line => line.Contains("OptimizerLab.Optimizers.OptionField", StringComparison.Ordinal), "OptionField is internal");
    }

    private static IEnumerable<string> Members(Type type)
    {
        string owner = Name(type);
        foreach (var member in type.GetMembers(Visible))
        {
            switch (member)
            {
                // Accessors and event methods appear under their property or event; constructors and operators as methods.
                case MethodBase method when Seen(method) && (!method.IsSpecialName || method is ConstructorInfo || method.Name.StartsWith("op_", StringComparison.Ordinal)):
                    string generic = method.IsGenericMethod ? $"<{string.Join(", ", method.GetGenericArguments().Select(Name))}>" : "";
                    string returns = method is MethodInfo info ? $" : {Name(info.ReturnType)}" : "";
                    yield return $"{owner}.{method.Name}{generic}({string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType)))}){returns}{Modifiers(method)}";
                    break;
                case PropertyInfo property when Accessors(property).Any(Seen):
                    var accessors = Accessors(property).Where(Seen).Select(a => a.Name[..3]);
                    yield return $"{owner}.{property.Name} : {Name(property.PropertyType)} {{ {string.Join("; ", accessors)} }}";
                    break;
                case FieldInfo field when (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName:
                    yield return $"{owner}.{field.Name} : {Name(field.FieldType)}{(field.IsLiteral ? " const" : field.IsStatic ? " static" : "")}";
                    break;
                case EventInfo e:
                    yield return $"{owner}.{e.Name} : event {Name(e.EventHandlerType!)}";
                    break;
            }
        }
    }

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo property) =>
        new[] { property.GetMethod, property.SetMethod }.OfType<MethodInfo>();

    /// <summary>Public, protected or protected internal: what another assembly can reach.</summary>
    private static bool Seen(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Modifiers(MethodBase method) =>
        (method.IsFamily || method.IsFamilyOrAssembly ? " protected" : "") + (method.IsStatic ? " static" : "") +
        (method.IsAbstract ? " abstract" : method.IsVirtual && !method.IsFinal ? " virtual" : "");

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : "class";

    private static string Name(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsArray) return Name(type.GetElementType()!) + "[]";
        if (type.IsByRef) return "ref " + Name(type.GetElementType()!);
        if (Nullable.GetUnderlyingType(type) is Type inner) return Name(inner) + "?";
        string name = (type.DeclaringType is Type outer ? Name(outer) + "." : type.Namespace is null ? "" : type.Namespace + ".")
            + (type.Name.Contains('`') ? type.Name[..type.Name.IndexOf('`')] : type.Name);
        if (!type.IsGenericType) return name;
        var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).ToArray();
        return own.Length == 0 ? name : $"{name}<{string.Join(", ", own.Select(Name))}>";
    }
}
