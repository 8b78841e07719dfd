using System.Buffers.Binary;
using System.Text;

namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>One version a shared object needs from one of its dependencies (an ELF <c>Vernaux</c> entry).</summary>
/// <param name="File">The dependency's soname, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The index that <c>.gnu.version</c> entries use to refer to this version.</param>
/// <param name="Flags">Vernaux flags; <see cref="ElfSymbolVersions.VerFlagWeak"/> makes a missing version non-fatal.</param>
/// <param name="FlagsOffset">File offset of the 16-bit flags field.</param>
internal sealed record VersionNeed(string File, string Version, int Index, int Flags, int FlagsOffset);

/// <summary>One entry of the dynamic symbol table with its version index.</summary>
/// <param name="Index">Position in <c>.dynsym</c> (relocations refer to symbols by it).</param>
/// <param name="Name">The (mangled) symbol name.</param>
/// <param name="IsUndefined">True for an import (section index SHN_UNDEF).</param>
/// <param name="VersionIndex">The <c>.gnu.version</c> entry without its hidden bit: 0 local, 1 global, else a need or definition.</param>
/// <param name="VersionOffset">File offset of the 16-bit <c>.gnu.version</c> entry.</param>
internal sealed record DynamicSymbol(int Index, string Name, bool IsUndefined, int VersionIndex, int VersionOffset);

/// <summary>
/// Reads the symbol-versioning tables of a 64-bit little-endian ELF shared object (x86-64 Linux): version needs
/// (<c>.gnu.version_r</c>), version definitions (<c>.gnu.version_d</c>), dynamic symbols with their versions
/// (<c>.dynsym</c> + <c>.gnu.version</c>) and which symbols dynamic relocations refer to. It only reads; the offsets it
/// reports are where a patch writes. It relies on section headers, which every library involved here keeps.
/// </summary>
internal sealed class ElfSymbolVersions
{
    /// <summary>Vernaux flag: the version is optional, a missing one is not an error (glibc's VER_FLG_WEAK).</summary>
    public const int VerFlagWeak = 0x2;

    /// <summary>The <c>.gnu.version</c> value of an unversioned global symbol (VER_NDX_GLOBAL).</summary>
    public const int VersionIndexGlobal = 1;

    private const uint ShtRela = 4, ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    private readonly byte[] _elf;

    private ElfSymbolVersions(byte[] elf, List<VersionNeed> needs, List<string> definitions, List<DynamicSymbol> symbols, HashSet<int> relocated)
    {
        _elf = elf;
        Needs = needs;
        Definitions = definitions;
        Symbols = symbols;
        RelocatedSymbols = relocated;
    }

    /// <summary>Every version needed from every dependency, in file order.</summary>
    public IReadOnlyList<VersionNeed> Needs { get; }

    /// <summary>The version names this object defines (what a library such as libstdc++ provides).</summary>
    public IReadOnlyList<string> Definitions { get; }

    /// <summary>The dynamic symbol table.</summary>
    public IReadOnlyList<DynamicSymbol> Symbols { get; }

    /// <summary>Indices of dynamic symbols that at least one dynamic relocation refers to (the only ones ld.so ever looks up).</summary>
    public IReadOnlySet<int> RelocatedSymbols { get; }

    /// <summary>Parses <paramref name="elf"/>; throws <see cref="InvalidDataException"/> if it is not a 64-bit little-endian ELF with section headers.</summary>
    public static ElfSymbolVersions Parse(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");

        long shoff = checked((long)U64(elf, 40));
        int shentsize = U16(elf, 58), shnum = U16(elf, 60);
        if (shoff == 0 || shnum == 0 || shentsize < 64 || shoff + (long)shnum * shentsize > elf.Length)
            throw new InvalidDataException("The ELF file has no usable section headers.");

        var sections = new Section[shnum];
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)(shoff + (long)i * shentsize));
            sections[i] = new Section(U32(elf, h + 4), checked((int)U64(elf, h + 24)), checked((int)U64(elf, h + 32)),
                (int)U32(elf, h + 40), (int)U32(elf, h + 44));
            if ((long)sections[i].Offset + sections[i].Size > elf.Length && sections[i].Type != 8 /* SHT_NOBITS */)
                throw new InvalidDataException($"Section {i} lies outside the file.");
        }

        var needs = new List<VersionNeed>();
        var definitions = new List<string>();
        var symbols = new List<DynamicSymbol>();
        var relocated = new HashSet<int>();
        Section? dynsym = null, versym = null;
        int dynsymIndex = -1;

        for (int s = 0; s < sections.Length; s++)
        {
            var section = sections[s];
            switch (section.Type)
            {
                case ShtGnuVerneed:
                    ReadNeeds(elf, section, sections[section.Link], needs);
                    break;
                case ShtGnuVerdef:
                    ReadDefinitions(elf, section, sections[section.Link], definitions);
                    break;
                case ShtDynsym:
                    dynsym = section;
                    dynsymIndex = s;
                    break;
                case ShtGnuVersym:
                    versym = section;
                    break;
            }
        }

        if (dynsym is { } table)
        {
            var names = sections[table.Link];
            int count = table.Size / 24;
            for (int i = 0; i < count; i++)
            {
                int at = table.Offset + i * 24;
                int versionOffset = versym is { } vs ? vs.Offset + 2 * i : -1;
                int versionIndex = versionOffset >= 0 ? U16(elf, versionOffset) & 0x7fff : VersionIndexGlobal;
                symbols.Add(new DynamicSymbol(i, CString(elf, names, U32(elf, at)), U16(elf, at + 6) == 0, versionIndex, versionOffset));
            }

            foreach (var rela in sections.Where(x => x.Type == ShtRela && x.Link == dynsymIndex))
            {
                for (int at = rela.Offset; at + 24 <= rela.Offset + rela.Size; at += 24)
                {
                    int symbol = (int)(U64(elf, at + 8) >> 32);
                    if (symbol != 0) relocated.Add(symbol);
                }
            }
        }

        return new ElfSymbolVersions(elf, needs, definitions, symbols, relocated);
    }

    /// <summary>Marks a needed version weak, so that ld.so loads the object even where that version is missing.</summary>
    public void MakeWeak(VersionNeed need) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_elf.AsSpan(need.FlagsOffset), (ushort)(need.Flags | VerFlagWeak));

    /// <summary>Makes a symbol unversioned, so that ld.so binds it to any definition instead of one of a missing version.</summary>
    public void MakeUnversioned(DynamicSymbol symbol)
    {
        if (symbol.VersionOffset < 0) return;
        BinaryPrimitives.WriteUInt16LittleEndian(_elf.AsSpan(symbol.VersionOffset), VersionIndexGlobal);
    }

    private static void ReadNeeds(byte[] elf, Section section, Section strings, List<VersionNeed> needs)
    {
        // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
        // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16 (the version index), vna_name u32, vna_next u32.
        int entry = section.Offset;
        for (int n = 0; n < section.Info; n++)
        {
            string file = CString(elf, strings, U32(elf, entry + 4));
            int aux = entry + (int)U32(elf, entry + 8);
            for (int a = 0; a < U16(elf, entry + 2); a++)
            {
                needs.Add(new VersionNeed(file, CString(elf, strings, U32(elf, aux + 8)), U16(elf, aux + 6) & 0x7fff, U16(elf, aux + 4), aux + 4));
                aux += (int)U32(elf, aux + 12);
            }

            uint next = U32(elf, entry + 12);
            if (next == 0) break;
            entry += (int)next;
        }
    }

    private static void ReadDefinitions(byte[] elf, Section section, Section strings, List<string> definitions)
    {
        // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
        // The first Elf64_Verdaux (vda_name u32, vda_next u32) names the version; later ones name its parents.
        int entry = section.Offset;
        for (int d = 0; d < section.Info; d++)
        {
            int aux = entry + (int)U32(elf, entry + 12);
            definitions.Add(CString(elf, strings, U32(elf, aux)));
            uint next = U32(elf, entry + 16);
            if (next == 0) break;
            entry += (int)next;
        }
    }

    private static string CString(byte[] elf, Section strings, uint offset)
    {
        int start = checked(strings.Offset + (int)offset);
        int end = Array.IndexOf(elf, (byte)0, start, strings.Offset + strings.Size - start);
        if (end < 0) throw new InvalidDataException("Unterminated string in an ELF string table.");
        return Encoding.UTF8.GetString(elf, start, end - start);
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));

    private readonly record struct Section(uint Type, int Offset, int Size, int Link, int Info);
}
