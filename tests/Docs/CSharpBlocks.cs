using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OptimizerLab.Docs.Tests;

/// <summary>
/// Every <c>csharp</c> block of the docs, compiled in one compilation against the library as a user's console project
/// would see it: the block's own <c>using</c> lines plus the SDK's implicit usings, nothing else. Each block becomes
/// the body of one static method; a <c>#line</c> directive makes compiler messages point at the doc's own line.
/// </summary>
public static class CSharpBlocks
{
    // What `dotnet new console` (ImplicitUsings enabled) imports for every file.
    private const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    public static IReadOnlyList<CodeBlock> All { get; } =
        DocFiles.Parsed.SelectMany(d => d.Blocks).Where(b => b.Info == "csharp").ToList();

    private static readonly Lazy<(Assembly? Assembly, IReadOnlyList<string> Errors)> Compiled = new(Compile);

    /// <summary>Compiler errors and warnings, each starting with the doc's file and line.</summary>
    public static IReadOnlyList<string> Errors => Compiled.Value.Errors;

    /// <summary>Runs the block and returns what it wrote to the console.</summary>
    public static string Run(CodeBlock block)
    {
        var assembly = Compiled.Value.Assembly ?? throw new InvalidOperationException("The doc blocks did not compile:\n" + string.Join('\n', Errors));
        var method = assembly.GetType($"DocBlocks.{ClassName(block)}")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        var console = Console.Out;
        using var captured = new StringWriter { NewLine = "\n" };
        Console.SetOut(captured);
        try
        {
            method.Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{block.Where}: the example threw {e.InnerException.GetType().Name}: {e.InnerException.Message}", e.InnerException);
        }
        finally
        {
            Console.SetOut(console);
        }

        return captured.ToString();
    }

    /// <summary>The source that one block becomes: its usings, then its statements as a method body.</summary>
    public static string Source(CodeBlock block)
    {
        var lines = block.Content.Split('\n');
        int body = 0;
        while (body < lines.Length && (IsUsingDirective(lines[body]) || string.IsNullOrWhiteSpace(lines[body]))) body++;
        string usings = string.Join('\n', lines[..body]);
        string statements = string.Join('\n', lines[body..]);
        string file = DocFiles.FullPath(block.File).Replace("\\", "\\\\", StringComparison.Ordinal);
        return $"{usings}\nnamespace DocBlocks;\npublic static class {ClassName(block)}\n{{\n    public static void Run()\n    {{\n#line {block.Line + body} \"{file}\"\n{statements}\n#line default\n    }}\n}}\n";
    }

    private static bool IsUsingDirective(string line)
    {
        string t = line.Trim();
        return t.StartsWith("using ", StringComparison.Ordinal) && t.EndsWith(';') && !t.Contains('(') && !t.StartsWith("using var ", StringComparison.Ordinal);
    }

    private static string ClassName(CodeBlock block) =>
        "Block_" + new string(block.Where.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    private static (Assembly?, IReadOnlyList<string>) Compile()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = All.Select(b => CSharpSyntaxTree.ParseText(Source(b), parse, path: $"{b.Where}.g.cs"))
            .Prepend(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "DocBlocks",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        if (!result.Success || errors.Count > 0) return (null, errors);
        image.Position = 0;
        return (AssemblyLoadContext.Default.LoadFromStream(image), errors);
    }
}
