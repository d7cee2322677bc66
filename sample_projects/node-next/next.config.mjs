/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (.next/standalone) with only the files it needs.
  output: "standalone",
};

export default nextConfig;
