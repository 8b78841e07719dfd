using System.Buffers.Binary;
using System.Text;

namespace OptimizerLab.Properties.Data;

/// <summary>
/// Builds .npy files byte by byte from numpy's format description (numpy/lib/format.py), independently of the code
/// under test: magic \x93NUMPY, version bytes, little-endian header length (2 bytes in 1.0, 4 in 2.0 and 3.0), the
/// header text, then the raw data.
/// </summary>
public static class NpyBytes
{
    public static byte[] File(string header, byte[] data, int major = 1, int minor = 0, int? declaredHeaderLength = null, bool utf8 = false)
    {
        byte[] headerBytes = utf8 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        int lengthSize = major == 1 ? 2 : 4;
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor };
        var length = new byte[lengthSize];
        if (lengthSize == 2) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)(declaredHeaderLength ?? headerBytes.Length));
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)(declaredHeaderLength ?? headerBytes.Length));
        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    /// <summary>A header as numpy writes it: the dict, spaces to a 64-byte boundary, a newline.</summary>
    public static string Padded(string dict, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int padding = 64 - (prefix + dict.Length + 1) % 64;
        return dict + new string(' ', padding % 64) + "\n";
    }

    public static string Dict(string descr, string shape) => $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }
}
