using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atrium.Blog.Articles;

/// <summary>URL slugs from titles: lower-case letters and digits joined by hyphens.</summary>
public static class Slugs
{
    private const int MaxBaseLength = 80;
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string FromTitle(string title)
    {
        // Decompose accents so "Café" becomes "cafe", then keep letters and digits.
        var decomposed = title.Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
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

        var result = slug.ToString().Normalize(NormalizationForm.FormC).TrimEnd('-');
        return result.Length == 0 ? "article" : result;
    }

    /// <summary>A distinct variant for a title whose slug is taken (duplicate titles are allowed).</summary>
    public static string WithSuffix(string slug) => $"{slug}-{RandomNumberGenerator.GetString(SuffixAlphabet, 8)}";
}
