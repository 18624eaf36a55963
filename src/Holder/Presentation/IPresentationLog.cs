namespace Honnin.Holder.Presentation;

/// <summary>The person's record of every presentation (transparency: who, when, which elements; never values).</summary>
public interface IPresentationLog
{
    /// <summary>Appends a record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task AppendAsync(PresentationRecord record, CancellationToken cancellationToken = default);

    /// <summary>Lists the records, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<PresentationRecord>> ListAsync(CancellationToken cancellationToken = default);
}
