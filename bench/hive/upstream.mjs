// The upstream of the Hive Gateway side of `npm run bench:hive`: Huawei's ShowHyperCluster answer of the simulators'
// seeded hyper cluster, unsigned, as fast as the loopback allows.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(new URL('./show-hyper-cluster.json', import.meta.url), 'utf8');
const port = Number(process.argv[2] ?? 4198);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => console.log(`upstream ready on ${port}`));
