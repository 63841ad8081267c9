// Dies before answering anything, after 25 lines on stderr (like a server whose browser or binary is missing).
for (let i = 1; i <= 25; i++) {
  process.stderr.write(`dies-at-start line ${i}${i === 25 ? ': Executable does not exist at chromium' : ''}\n`);
}
process.exit(1);
