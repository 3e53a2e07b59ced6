// npm's preinstall hook: one line instead of the EBADENGINE warnings that .npmrc (loglevel=error) hides,
// when npm itself runs on a Node older than the project's. Plain JS: it runs before anything is installed.
const userAgentNode = /\bnode\/v(\d+)\.(\d+)/.exec(process.env.npm_config_user_agent ?? '');
const [major, minor] = userAgentNode ? [Number(userAgentNode[1]), Number(userAgentNode[2])] : [22, 12];
if (major < 22 || (major === 22 && minor < 12)) {
  console.log(
    `newsgraph: npm runs on Node ${major}.${minor}; the project needs Node >= 22.12 and installs it (the \`node\` devDependency), ` +
      'which `npm run …` and `npx …` use. Engine warnings are hidden: `npm ci --loglevel=warn` shows them.',
  );
}
