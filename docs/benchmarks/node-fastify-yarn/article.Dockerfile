FROM node:24-alpine
WORKDIR /app
RUN addgroup -g 1001 -S appgroup && \
    adduser -u 1001 -S appuser -G appgroup
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
COPY . .
USER appuser
CMD ["yarn", "start"]
