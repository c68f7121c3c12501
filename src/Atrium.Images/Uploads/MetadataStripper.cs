using System.Buffers.Binary;

namespace Atrium.Images.Uploads;

/// <summary>
/// Removes EXIF, XMP, IPTC and comments without re-encoding: JPEG APP1/APP13/COM segments and PNG
/// text/eXIf/time chunks are dropped byte for byte (colour profiles stay). Returns null when the
/// structure is not what it should be (the caller then re-encodes through libvips).
/// </summary>
public static class MetadataStripper
{
    public static byte[]? StripJpeg(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 2);
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xDA)
            {
                // Start of scan: the entropy-coded data and everything after it are copied as they are.
                output.Write(data, i, data.Length - i);
                return output.ToArray();
            }

            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7) or 0x01 or 0xFF)
            {
                output.Write(data, i, marker == 0xFF ? 1 : 2);
                i += marker == 0xFF ? 1 : 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > data.Length)
            {
                return null;
            }

            // APP1 (EXIF, XMP), APP13 (IPTC/Photoshop), COM (comments).
            if (marker is not (0xE1 or 0xED or 0xFE))
            {
                output.Write(data, i, 2 + length);
            }

            i += 2 + length;
        }

        return null;
    }

    public static byte[]? StripPng(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 8);
        var i = 8;
        while (i + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i));
            if (length > int.MaxValue || i + 12 + (long)length > data.Length)
            {
                return null;
            }

            var type = System.Text.Encoding.ASCII.GetString(data, i + 4, 4);
            var total = 12 + (int)length;
            if (type is not ("eXIf" or "tEXt" or "zTXt" or "iTXt" or "tIME"))
            {
                output.Write(data, i, total);
            }

            i += total;
            if (type == "IEND")
            {
                return output.ToArray();
            }
        }

        return null;
    }
}
