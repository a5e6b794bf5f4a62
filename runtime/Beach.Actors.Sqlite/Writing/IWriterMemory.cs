namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// Something write operations remember across batches on the writer's thread, such as the heads of the audit log, so
/// that a write need not read them again. It must hold only what committed transactions made true: the writer calls
/// <see cref="Forget"/> when a batch rolls back, and when another connection changed the database since the last batch.
/// </summary>
internal interface IWriterMemory
{
    /// <summary>Drops everything remembered; the next write reads from the database again.</summary>
    void Forget();
}
