using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetVips;

namespace Atrium.Images.Tests;

/// <summary>Test images made in code (no binary fixtures), and what tests measure on results.</summary>
internal static class TestImages
{
    /// <summary>A detailed colour picture: red ramps across, green ramps down, blue is noise (so blur shows).</summary>
    public static byte[] Jpeg(int width, int height, int quality = 90) => Detailed(width, height).JpegsaveBuffer(q: quality);

    public static byte[] Png(int width, int height) => Detailed(width, height).PngsaveBuffer();

    public static byte[] Webp(int width, int height) => Detailed(width, height).WebpsaveBuffer();

    public static Image Detailed(int width, int height)
    {
        using var xyz = Image.Xyz(width, height);
        using var red = (xyz[0] * 255.0 / width).Cast(Enums.BandFormat.Uchar);
        using var green = (xyz[1] * 255.0 / height).Cast(Enums.BandFormat.Uchar);
        using var noise = Image.Gaussnoise(width, height, mean: 128, sigma: 60).Cast(Enums.BandFormat.Uchar);
        return red.Bandjoin(green, noise).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>Left half pure red, right half pure blue: crops can be told apart by colour.</summary>
    public static byte[] RedBluePng(int width, int height)
    {
        using var red = Image.Black(width / 2, height, bands: 3).NewFromImage(255, 0, 0);
        using var blue = Image.Black(width - width / 2, height, bands: 3).NewFromImage(0, 0, 255);
        using var joined = red.Join(blue, Enums.Direction.Horizontal);
        return joined.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb).PngsaveBuffer();
    }

    /// <summary>An animated GIF with <paramref name="frames"/> frames.</summary>
    public static byte[] AnimatedGif(int frames, int size = 32)
    {
        var pages = Enumerable.Range(0, frames).Select(i => Image.Black(size, size, bands: 3).NewFromImage(i * 40 % 255, 100, 200).Cast(Enums.BandFormat.Uchar)).ToArray();
        using var strip = Image.Arrayjoin(pages, across: 1);
        using var animated = strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", size);
            m.Set(GValue.ArrayIntType, "delay", Enumerable.Repeat(100, frames).ToArray());
        });
        return animated.GifsaveBuffer();
    }

    /// <summary>A JPEG with an EXIF segment holding a marker string where GPS data would be.</summary>
    public static byte[] JpegWithExif(string marker)
    {
        var jpeg = Jpeg(64, 48);
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat("II*\0\b\0\0\0\0\0"u8.ToArray()).Concat(Encoding.ASCII.GetBytes(marker)).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A JPEG whose EXIF orientation tag says "rotate to view" (6: 90° clockwise): stored as-is it is sideways.</summary>
    public static byte[] JpegWithOrientation(int width, int height, int orientation = 6)
    {
        using var image = Detailed(width, height);
        using var tagged = image.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation));
        return tagged.JpegsaveBuffer(q: 90);
    }

    /// <summary>
    /// A decompression bomb: a valid PNG whose header declares 100,000 × 100,000 RGB pixels (30 GB
    /// decoded) but which carries only a few bytes of pixel data.
    /// </summary>
    public static byte[] PngBomb()
    {
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 100_000);
        header[8] = 8;
        header[9] = 2;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[1024]);
        }

        return [.. (byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    public static Image Decode(byte[] bytes) => Image.NewFromBuffer(bytes);

    /// <summary>The mean of the per-pixel variance of band <paramref name="band"/>: drops when an image is blurred.</summary>
    public static double Variance(byte[] bytes, int band = 2)
    {
        using var image = Decode(bytes);
        using var channel = image[band];
        return Math.Pow(channel.Deviate(), 2);
    }

    public static string Format(byte[] bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "png",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'a', (byte)'v', (byte)'i', (byte)'f', ..] => "avif",
        _ => "unknown",
    };

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
