using System.Globalization;
using SafeCommunity.Iot.Api.Access;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Requests;

/// <summary>
/// A page request read and checked: the size, and the id the next page starts below. Page tokens are the last
/// id of the previous page, so a page never repeats or skips an item while new ones arrive at the top.
/// </summary>
/// <param name="Size">Items per page.</param>
/// <param name="BeforeId">Only items with a smaller id; null for the first page.</param>
internal readonly record struct Paging(int Size, long? BeforeId)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    public static Paging Read(V1.PageRequest? page)
    {
        if (page is null)
        {
            return new Paging(DefaultSize, null);
        }

        if (page.PageSize is < 0 or > MaxSize)
        {
            throw ApiErrors.Invalid("page.page_size", $"must be 1..{MaxSize} (0 for the default, {DefaultSize}).");
        }

        long? before = null;
        if (page.PageToken.Length > 0)
        {
            if (!long.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw ApiErrors.Invalid("page.page_token", "is not a token this gateway gave out.");
            }

            before = id;
        }

        return new Paging(page.PageSize == 0 ? DefaultSize : page.PageSize, before);
    }

    /// <summary>The token for the page after one that ended with <paramref name="lastId"/>; empty when it was the last.</summary>
    public string NextToken(int count, long lastId) =>
        count < Size ? string.Empty : lastId.ToString(CultureInfo.InvariantCulture);
}
