namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>
/// Decides whether a shared object needs libstdc++ versions that the process's libstdc++ lacks, and makes exactly
/// those needs non-fatal when every symbol bound to them is known to be safe to leave unresolved.
/// </summary>
/// <remarks>
/// The case this exists for: TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13, whose
/// <c>&lt;iostream&gt;</c> emits a reference to <c>std::ios_base_library_init()</c> (version GLIBCXX_3.4.32) so that the
/// linker picks a libstdc++ which initialises the standard streams itself. It is a link-time marker: the symbol is
/// never called, and no relocation refers to it, so ld.so never looks it up. Only the version check
/// (<c>_dl_check_map_versions</c>) rejects the library on a system whose libstdc++ stops at GLIBCXX_3.4.30 (Debian 12).
/// </remarks>
internal static class GlibcxxVersionRelaxation
{
    /// <summary>The soname whose versions this relaxation concerns.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    /// <summary>
    /// Symbols whose version may be missing: each is a marker that no code calls. Anything else bound to a missing
    /// version is real functionality that an old libstdc++ cannot provide, and loading must fail instead.
    /// </summary>
    public static readonly IReadOnlySet<string> MarkerSymbols = new HashSet<string>(StringComparer.Ordinal)
    {
        "_ZSt21ios_base_library_initv", // std::ios_base_library_init(), GCC 13's iostream marker, GLIBCXX_3.4.32
    };

    /// <summary>The needs on <see cref="LibStdCxx"/> that <paramref name="provided"/> lacks, and the symbols bound to them.</summary>
    public static (IReadOnlyList<VersionNeed> Missing, IReadOnlyList<DynamicSymbol> Symbols) FindMissing(
        ElfSymbolVersions library, IReadOnlyCollection<string> provided)
    {
        var missing = library.Needs
            .Where(n => n.File == LibStdCxx && (n.Flags & ElfSymbolVersions.VerFlagWeak) == 0 && !provided.Contains(n.Version))
            .ToList();
        var indices = missing.Select(n => n.Index).ToHashSet();
        var symbols = library.Symbols.Where(s => indices.Contains(s.VersionIndex)).ToList();
        return (missing, symbols);
    }

    /// <summary>
    /// Patches <paramref name="library"/> in place so that ld.so accepts it without the missing versions: each missing
    /// need gets VER_FLG_WEAK and each symbol bound to it becomes unversioned. Throws <see cref="NotSupportedException"/>,
    /// changing nothing, when a bound symbol is not a known marker or a relocation refers to it (then it would be called).
    /// </summary>
    public static void Apply(ElfSymbolVersions library, IReadOnlyList<VersionNeed> missing, IReadOnlyList<DynamicSymbol> symbols)
    {
        var unsafeSymbols = symbols.Where(s => !MarkerSymbols.Contains(s.Name) || !s.IsUndefined).Select(s => s.Name).ToList();
        if (unsafeSymbols.Count > 0)
        {
            throw new NotSupportedException(
                $"The library needs {string.Join(", ", missing.Select(n => n.Version))} from {LibStdCxx} for symbols that are "
                + $"not known no-op markers ({string.Join(", ", unsafeSymbols)}); a newer libstdc++ is required.");
        }

        var called = symbols.Where(s => library.RelocatedSymbols.Contains(s.Index)).Select(s => s.Name).ToList();
        if (called.Count > 0)
        {
            throw new NotSupportedException(
                $"Relocations refer to {string.Join(", ", called)} (version {string.Join(", ", missing.Select(n => n.Version))}), "
                + "so the library would call it; relaxing its version is not safe without a definition of it.");
        }

        foreach (var need in missing) library.MakeWeak(need);
        foreach (var symbol in symbols) library.MakeUnversioned(symbol);
    }
}
