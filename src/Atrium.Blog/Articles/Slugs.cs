using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atrium.Blog.Articles;

/// <summary>
/// URL slugs from titles: lower-case letters and digits (any script: "Café" stays "café") joined by
/// hyphens. Clients percent-encode non-ASCII letters; the slug itself stays readable.
/// </summary>
public static class Slugs
{
    private const int MaxBaseLength = 80;
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string FromTitle(string title)
    {
        var slug = new StringBuilder(title.Length);
        var pendingHyphen = false;
        foreach (var c in title)
        {
            // Combining accents belong to the letter before them; dropping them keeps "é" as "e".
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingHyphen && slug.Length > 0)
                {
                    slug.Append('-');
                }

                slug.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }

            if (slug.Length >= MaxBaseLength)
            {
                break;
            }
        }

        var result = slug.ToString().TrimEnd('-');
        return result.Length == 0 ? "article" : result;
    }

    /// <summary>A distinct variant for a title whose slug is taken (duplicate titles are allowed).</summary>
    public static string WithSuffix(string slug) => $"{slug}-{RandomNumberGenerator.GetString(SuffixAlphabet, 8)}";
}
