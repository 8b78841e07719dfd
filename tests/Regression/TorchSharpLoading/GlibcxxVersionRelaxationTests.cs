namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>
/// The ELF relaxation on the real libLibTorchSharp.so from the TorchSharp package, against simulated libstdc++
/// version sets, so the decisions are checked on every machine whatever its own libstdc++.
/// </summary>
public class GlibcxxVersionRelaxationTests
{
    private const string MarkerVersion = "GLIBCXX_3.4.32";
    private const string Marker = "_ZSt21ios_base_library_initv";

    private static readonly Lazy<byte[]> Original = new(() => File.ReadAllBytes(TorchSharpNative.FindOriginal()));

    /// <summary>Every libstdc++ version the library needs, i.e. what a new enough libstdc++ provides.</summary>
    private static HashSet<string> AllNeeded(ElfSymbolVersions library) =>
        library.Needs.Where(n => n.File == GlibcxxVersionRelaxation.LibStdCxx).Select(n => n.Version).ToHashSet();

    [Fact]
    public void The_packaged_library_needs_GLIBCXX_3_4_32_only_for_the_unreferenced_ios_base_marker()
    {
        var library = ElfSymbolVersions.Parse((byte[])Original.Value.Clone());
        var debian12 = AllNeeded(library);
        debian12.Remove(MarkerVersion);

        var (missing, symbols) = GlibcxxVersionRelaxation.FindMissing(library, debian12);

        missing.Select(n => n.Version).Should().Equal(MarkerVersion);
        symbols.Select(s => s.Name).Should().Equal(Marker);
        symbols[0].IsUndefined.Should().BeTrue();
        library.RelocatedSymbols.Should().NotContain(symbols[0].Index, "no relocation refers to the marker, so ld.so never looks it up");
        library.RelocatedSymbols.Should().NotBeEmpty("the relocation reader must see the library's other imports");
    }

    [Fact]
    public void A_libstdcxx_that_provides_every_needed_version_leaves_the_library_untouched()
    {
        var library = ElfSymbolVersions.Parse((byte[])Original.Value.Clone());
        var (missing, symbols) = GlibcxxVersionRelaxation.FindMissing(library, AllNeeded(library));
        missing.Should().BeEmpty();
        symbols.Should().BeEmpty();
    }

    [Fact]
    public void Relaxing_changes_only_the_need_flag_and_the_marker_version_entry()
    {
        byte[] bytes = (byte[])Original.Value.Clone();
        var library = ElfSymbolVersions.Parse(bytes);
        var debian12 = AllNeeded(library);
        debian12.Remove(MarkerVersion);
        var (missing, symbols) = GlibcxxVersionRelaxation.FindMissing(library, debian12);

        GlibcxxVersionRelaxation.Apply(library, missing, symbols);

        var changed = new List<int>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != Original.Value[i]) changed.Add(i);
        }
        changed.Should().BeEquivalentTo([missing[0].FlagsOffset, symbols[0].VersionOffset], "one byte of the need's flags and one of the marker's version entry");
        var relaxed = ElfSymbolVersions.Parse(bytes);
        relaxed.Needs.Single(n => n.Version == MarkerVersion).Flags.Should().Be(ElfSymbolVersions.VerFlagWeak);
        relaxed.Symbols.Single(s => s.Name == Marker).VersionIndex.Should().Be(ElfSymbolVersions.VersionIndexGlobal);
        GlibcxxVersionRelaxation.FindMissing(relaxed, debian12).Missing.Should().BeEmpty("a weak need is no longer missing");
    }

    [Fact]
    public void A_missing_version_that_real_functions_use_is_refused_and_nothing_is_changed()
    {
        byte[] bytes = (byte[])Original.Value.Clone();
        var library = ElfSymbolVersions.Parse(bytes);
        var gcc11 = AllNeeded(library);
        gcc11.Remove(MarkerVersion);
        gcc11.Remove("GLIBCXX_3.4.30"); // GCC 12's version: real std:: functions the library calls

        var (missing, symbols) = GlibcxxVersionRelaxation.FindMissing(library, gcc11);
        var apply = () => GlibcxxVersionRelaxation.Apply(library, missing, symbols);

        apply.Should().Throw<NotSupportedException>().WithMessage("*GLIBCXX_3.4.30*not known no-op markers*newer libstdc++*");
        bytes.AsSpan().SequenceEqual(Original.Value).Should().BeTrue();
    }

    [Fact]
    public void The_process_libstdcxx_is_found_and_its_versions_are_read()
    {
        string path = LibStdCxxInProcess.Path();
        Path.GetFileName(path).Should().StartWith("libstdc++.so.6");
        ElfSymbolVersions.Parse(File.ReadAllBytes(path)).Definitions.Should().Contain(["GLIBCXX_3.4", "CXXABI_1.3"]);
    }

    [Fact]
    public void A_file_that_is_not_a_64_bit_ELF_is_rejected()
    {
        var parse = () => ElfSymbolVersions.Parse("#!/bin/sh\necho not a library\n"u8.ToArray().Concat(new byte[64]).ToArray());
        parse.Should().Throw<InvalidDataException>().WithMessage("Not an ELF file.");
    }
}
