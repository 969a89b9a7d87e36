#include "storage/sqlite/group_commit.h"

#include <fmt/format.h>

#include <exception>
#include <future>

#include "storage/sqlite/write_txn.h"

namespace hotline::sqlite {

// One caller's request. Lives on the caller's stack until its promise is set;
// the writer must not touch it afterwards.
struct GroupCommitWriter::Item {
  const Work* work;
  std::promise<Result<void>> done;
};

namespace {

Error TransactionLost() {
  return Error{ErrorKind::kInternal, "storage_error",
               "数据库错误：写事务意外中止，本次操作未保存，请重试", ""};
}

Error CommitFailed(const Error& cause) {
  return Error{ErrorKind::kInternal, "storage_error",
               fmt::format("数据库错误：提交失败，本次操作未保存（{}）", cause.message), ""};
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> db, int max_batch)
    : db_(std::move(db)),
      max_batch_(static_cast<std::size_t>(std::max(max_batch, 1))),
      thread_([this] { Loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Result<void> GroupCommitWriter::Submit(const Work& work) {
  if (std::this_thread::get_id() == thread_.get_id())
    return Fail(ErrorKind::kInternal, "nested_write", "内部错误：写事务中不能再发起写操作");
  Item item{&work, {}};
  std::future<Result<void>> result = item.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_)
      return Fail(ErrorKind::kUnavailable, "shutting_down", "服务正在停止，请稍后重试");
    queue_.push_back(&item);
  }
  wake_.notify_one();
  return result.get();
}

std::size_t GroupCommitWriter::QueueDepth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void GroupCommitWriter::Loop() {
  std::vector<Item*> batch;
  while (true) {
    batch.clear();
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
  // Lets SQLite refresh planner statistics where they have gone stale.
  (void)db_->Exec("PRAGMA optimize");
}

Result<void> GroupCommitWriter::Exec(const char* sql) {
  auto stmt = db_->Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  return stmt->Run();
}

void GroupCommitWriter::RunBatch(const std::vector<Item*>& batch) {
  std::size_t next = 0;
  // Normally one pass; a transaction lost mid-batch restarts for the rest.
  while (next < batch.size()) {
    if (auto begun = Exec("BEGIN IMMEDIATE"); !begun) {
      // Never leave a stray transaction behind to fail every later batch.
      if (!db_->AutoCommit()) (void)db_->Exec("ROLLBACK");
      for (; next < batch.size(); ++next) batch[next]->done.set_value(Fail(begun.error()));
      return;
    }
    std::vector<Item*> succeeded;  // awaiting the commit
    bool lost = false;
    while (next < batch.size() && !lost) {
      Item* item = batch[next++];
      Result<void> r = RunItem(*item->work, lost);
      if (r && !lost) {
        succeeded.push_back(item);
      } else if (r) {
        item->done.set_value(Fail(TransactionLost()));
      } else {
        // Rolled back already; its caller may learn that now.
        item->done.set_value(std::move(r));
      }
    }
    if (lost) {
      if (!db_->AutoCommit()) (void)db_->Exec("ROLLBACK");
      for (Item* item : succeeded) item->done.set_value(Fail(TransactionLost()));
      continue;
    }
    if (auto committed = Exec("COMMIT"); !committed) {
      // E.g. a deferred constraint: the transaction may still be open.
      if (!db_->AutoCommit()) (void)db_->Exec("ROLLBACK");
      for (Item* item : succeeded) item->done.set_value(Fail(CommitFailed(committed.error())));
      continue;
    }
    committed_batches_.fetch_add(1);
    committed_items_.fetch_add(succeeded.size());
    for (Item* item : succeeded) item->done.set_value({});
  }
}

Result<void> GroupCommitWriter::RunItem(const Work& work, bool& lost) {
  if (auto r = Exec("SAVEPOINT item"); !r) {
    lost = db_->AutoCommit();
    return r;
  }
  Result<void> result;
  try {
    SqliteWriteTxn txn(*db_);
    result = work(txn);
  } catch (const std::exception& e) {
    result = Fail(ErrorKind::kInternal, "internal_error", fmt::format("内部错误：{}", e.what()));
  } catch (...) {
    result = Fail(ErrorKind::kInternal, "internal_error", "内部错误：未知异常");
  }
  // Some SQLite errors (disk full, I/O) roll back the whole transaction.
  if (db_->AutoCommit()) {
    lost = true;
    return result;
  }
  if (result) {
    if (auto released = Exec("RELEASE item"); released) return result;
    result = Fail(TransactionLost());
  }
  if (!Exec("ROLLBACK TO item") || !Exec("RELEASE item")) lost = true;
  return result;
}

}  // namespace hotline::sqlite
